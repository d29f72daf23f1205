/* The search's ranking (html_search_scorer in conf.py): Sphinx's scores, and the page that
 * teaches what was searched first. That is the page whose title holds the whole query, else a
 * page with a heading that holds it; among equals, the earlier page in the course (the page
 * names sort in course order). ``searchQueryAsTyped`` comes from chinese_search.py's
 * splitQuery on the Chinese site, with the learner's words replaced by the glossary's. */
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    const index = Search._index;
    const query = (typeof searchQueryAsTyped !== "undefined" && searchQueryAsTyped)
      || new URLSearchParams(window.location.search).get("q") || "";
    const file = index.docnames.indexOf(docname);
    if (file < 0 || !query) return score;
    const needle = query.toLowerCase().trim();
    let bonus = 0;
    if (index.titles[file].toLowerCase().includes(needle)) bonus = 30;
    else if (Object.entries(index.alltitles).some(([title, places]) =>
      title.toLowerCase().includes(needle) && places.some(([place]) => place === file))) bonus = 20;
    // A Chinese query is found only on pages that hold it (chinese_search.py), so Sphinx's score,
    // which counts a heading that holds any one of its character triples, says nothing more.
    const base = /[\u3400-\u9fff\uf900-\ufaff]/.test(needle) ? 0 : score;
    return base + bonus + (1 - file / index.docnames.length);
  },
  // Sphinx's defaults (searchtools.js), which a custom scorer must define too.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

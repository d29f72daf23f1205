"""Concept diagrams, drawn with Matplotlib from the page's own tensors and modules.

Each chapter draws at least one picture of an idea (a computational graph, a convolution's
window, a data split) while its page runs, so the picture is true to the numbers on the page,
reproducible, and translated like every other figure. One module per kind of picture.
"""

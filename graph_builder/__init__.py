"""The extraction pipeline: ingest -> parse -> resolve -> model -> emit.

>>> from graph_builder.pipeline import load_corpus
>>> corpus, errors = load_corpus()          # the bundled example corpus
>>> len(corpus.documents), len(corpus.tasks)
(5, 345)
"""

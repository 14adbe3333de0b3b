"""Corpus runs on Dask: many documents, many machines, resumable, one report.

Dask's scheduler does the scheduling (a laptop, ``LocalCluster``, or a
cluster through dask-jobqueue or dask-kubernetes); this package says what a
partition does. Needs the ``dask`` extra: ``pip install 'polyglot-press[dask]'``.

- :func:`translate_corpus`: a folder, glob, fsspec URL or bag of records in;
  translations written (mirroring the input tree, with a manifest and a
  combined report) or returned as a bag.
- :func:`translate_dataframe`: a text column in, translated columns and
  term/QA summary columns out (write them with ``.to_parquet``).
"""

from __future__ import annotations

from ..batch import Manifest
from .corpus import CorpusResult, translate_corpus
from .dataframe import translate_dataframe
from .inputs import Record, discover
from .summary import CorpusReport
from .worker import CorpusSpec, press_for

__all__ = [
    "CorpusReport",
    "CorpusResult",
    "CorpusSpec",
    "Manifest",
    "Record",
    "discover",
    "press_for",
    "translate_corpus",
    "translate_dataframe",
]

#!/usr/bin/env python

from distutils.core import setup

setup(name='FastAPI Skeleton',
      version='1.0',
      description='Sample code fro FastAPI',
      author='Jan Forster',
      author_email='eightbec@protonmail.ch',
      packages=['fastapi_skeleton'],
      )

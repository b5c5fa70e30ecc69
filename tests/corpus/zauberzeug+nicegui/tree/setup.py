#!/usr/bin/env python3
from setuptools import setup

setup(
    name='NiceGUI',
    version='1.0',
    author='Zauberzeug',
    author_email='info@zauberzeug.com',
    url='https://github.com/zauberzeug/nicegui/',
    packages=['nicegui'],
)

def test_import():
    import slowapi

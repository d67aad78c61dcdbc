from mapapp import errors


def test_errors_subclass_builtins_so_plain_callers_catch_them() -> None:
    assert issubclass(errors.GazetteerError, ValueError)
    assert issubclass(errors.GeodataError, ValueError)
    assert issubclass(errors.ArticleError, ValueError)
    assert issubclass(errors.UnsafeInputError, ValueError)
    assert issubclass(errors.StoreBusyError, RuntimeError)
    assert issubclass(errors.StoreCorruptError, RuntimeError)
    assert issubclass(errors.ExportError, OSError)

"""`make bench`: every benchmark, one after another."""

from bench import lookup, notes

lookup.main()
print()
notes.main()
try:
    from bench import storage
except ImportError:  # the storage benchmark lands with the quiz issue
    storage = None  # type: ignore[assignment]
if storage is not None:
    print()
    storage.main()

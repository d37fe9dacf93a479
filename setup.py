"""Build hook: the wheel carries knowledge/ and migrations/ inside the package as bot/_data/.

They stay top-level in the repository (the layout everyone edits); bot/shipped.py finds them in
either place. Everything else about the package is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = {"knowledge": ["**/*.yaml"], "migrations": ["*.py", "*.mako", "versions/*.py"]}


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((root / folder).glob(pattern)):
                    target = Path(self.build_lib, "bot", "_data", source.relative_to(root))
                    self.mkpath(str(target.parent))
                    self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildWithData})

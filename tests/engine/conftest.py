import sys
from pathlib import Path

# The project root goes first: tests/conftest.py puts tests/ on the path, where
# tests/messages would otherwise shadow the real `messages` package as a namespace.
sys.path.insert(0, str(Path(__file__).parents[2]))
sys.path.insert(0, str(Path(__file__).parent))

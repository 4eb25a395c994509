"""The parent safety-center generator: load -> check -> render -> build."""

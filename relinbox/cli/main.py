def main(argv=None) -> int:  # replaced shortly
    return 0

"""Paper quizzes: printed question papers and answer sheets, scanned or typed back into the same gradebook.

printing (`kit paper`), scan (`kit scan`), confirm (`kit confirm`) and entry (`kit entry`) are the entry points.
"""

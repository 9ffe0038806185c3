"""Every row nbgrader's autograde writes, by name instead of by id: two gradebooks graded differently compare equal
only if every learner's submission, notebook, grade and comment holds the same values."""
from __future__ import annotations

from sqlalchemy import create_engine, text

_OWNER = """JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN assignment a ON a.id = sa.assignment_id
    JOIN notebook n ON n.id = sn.notebook_id"""
QUERIES = {
    "students": "SELECT id, first_name, last_name, email, lms_user_id FROM student",
    "submissions": "SELECT sa.student_id, a.name, sa.timestamp, sa.extension FROM submitted_assignment sa "
                   "JOIN assignment a ON a.id = sa.assignment_id",
    "notebooks": f"SELECT sa.student_id, a.name, n.name, sn.flagged, sn.late_submission_penalty FROM submitted_notebook sn {_OWNER}",
    "grades": f"SELECT sa.student_id, a.name, n.name, c.name, c.type, g.auto_score, g.manual_score, g.extra_credit, "
              f"g.needs_manual_grade FROM grade g JOIN base_cell c ON c.id = g.cell_id "
              f"JOIN submitted_notebook sn ON sn.id = g.notebook_id {_OWNER}",
    "comments": f"SELECT sa.student_id, a.name, n.name, c.name, c.type, m.auto_comment, m.manual_comment "
                f"FROM comment m JOIN base_cell c ON c.id = m.cell_id JOIN submitted_notebook sn ON sn.id = m.notebook_id {_OWNER}",
}


def gradebook_rows(db_url: str) -> dict[str, list[tuple]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {name: sorted((tuple(row) for row in conn.execute(text(sql))), key=repr)
                    for name, sql in QUERIES.items()}
    finally:
        engine.dispose()

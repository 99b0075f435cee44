-- PostgreSQL's 0005 leaves room on the pages of evaluations for in-place
-- (HOT) updates. SQLite has no such setting (a row is rewritten in its
-- B-tree page either way): nothing to do, the number keeps both backends'
-- schema versions equal.
SELECT 1;

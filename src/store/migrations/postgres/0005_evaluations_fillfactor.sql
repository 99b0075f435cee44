-- Evaluations are written once when a month opens and then updated in place
-- at every step (self-assessment, review, decision, publication, lock).
-- None of the updated columns is indexed, so with room left on the page
-- PostgreSQL can update a row without touching its indexes (a HOT update:
-- less WAL, no index growth). Half of each page is left free for that: at
-- 200,000 people 87% of the month's updates became HOT (none at the default
-- of 100) and the month ran 10-20% faster (bench/RESULTS.md). Applies to
-- the pages written from now on; existing rows keep their pages.
ALTER TABLE evaluations SET (fillfactor = 50);

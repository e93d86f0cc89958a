// Which agencies co-operate on the most projects (programs), and on how many tasks.
// Same numbers as `govkg query burden --collective drop` (programs_cooperated, tasks_cooperated).
MATCH (a:Agency)-[:COOPERATES_ON]->(t:Task)-[:PART_OF]->(p:Program)
RETURN a.id AS agency_id, a.name AS agency, count(DISTINCT p) AS projects, count(DISTINCT t) AS tasks
ORDER BY projects DESC, tasks DESC, agency_id
LIMIT 20;

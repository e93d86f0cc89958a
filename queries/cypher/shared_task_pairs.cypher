// Pairs of agencies sharing the most tasks, in any role (each pair once).
// Same pairs as `govkg query pairs --collective drop`. LadybugDB may match one relationship
// twice in a pattern, so the pair is ordered by id: never an agency with itself.
MATCH (a:Agency)-[:LEADS|COOPERATES_ON]->(t:Task)<-[:LEADS|COOPERATES_ON]-(b:Agency)
WHERE a.id < b.id
RETURN a.id AS agency_a_id, b.id AS agency_b_id, count(DISTINCT t) AS shared_tasks
ORDER BY shared_tasks DESC, agency_a_id, agency_b_id
LIMIT 25;

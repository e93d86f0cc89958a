// Tasks each agency leads and co-operates on (collective units not included).
// Same numbers as `govkg query burden --collective drop` (tasks_led, tasks_cooperated).
MATCH (a:Agency)
OPTIONAL MATCH (a)-[:LEADS]->(led:Task)
WITH a, count(DISTINCT led) AS tasks_led
OPTIONAL MATCH (a)-[:COOPERATES_ON]->(cooperated:Task)
WITH a, tasks_led, count(DISTINCT cooperated) AS tasks_cooperated
WHERE tasks_led + tasks_cooperated > 0
RETURN a.id AS agency_id, a.name AS agency, tasks_led, tasks_cooperated
ORDER BY tasks_cooperated DESC, tasks_led DESC, agency_id;

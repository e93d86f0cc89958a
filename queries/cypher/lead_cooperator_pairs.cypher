// Lead -> cooperator pairs that recur most (agencies only).
// Same pairs as `govkg query pairs --directed --collective drop`.
MATCH (lead:Agency)-[:LEADS]->(t:Task)<-[:COOPERATES_ON]-(cooperator:Agency)
WHERE lead.id <> cooperator.id
RETURN lead.id AS lead_id, cooperator.id AS cooperator_id, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, lead_id, cooperator_id
LIMIT 25;

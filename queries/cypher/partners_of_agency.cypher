// The partners of one agency ($name, its canonical name, e.g. "杭州市城市管理局") and the
// tasks they share. Same rows as `govkg query ego NAME --collective drop`.
MATCH (a:Agency {name: $name})-[:LEADS|COOPERATES_ON]->(t:Task)<-[:LEADS|COOPERATES_ON]-(b:Agency)
WHERE a.id <> b.id
RETURN b.id AS partner_id, b.name AS partner, count(DISTINCT t) AS shared_tasks
ORDER BY shared_tasks DESC, partner_id;

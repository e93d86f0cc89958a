// The tasks of one document ($doc_number as written, e.g. "杭政办函〔2017〕33号") with each
// lead unit, the mention as written and the line it was read from.
MATCH (lead)-[r:LEADS]->(t:Task)-[:PART_OF]->(:Program)-[:PART_OF]->(d:Document {doc_number: $doc_number})
RETURN t.id AS task_id, t.text AS task, lead.id AS lead_id, r.mention AS mention, r.line_start AS line_start, r.line_end AS line_end
ORDER BY line_start, task_id, lead_id;

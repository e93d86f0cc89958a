// Agencies whose names changed or that were merged in a reorganisation, with the year.
MATCH (old:Agency)-[s:SUCCEEDED_BY]->(new:Agency)
RETURN old.name AS predecessor, new.name AS successor, s.year AS year, s.change AS change
ORDER BY year, predecessor;

-- Children first: they reference content_items.
DROP TABLE decisions;
DROP TABLE moderation_results;
DROP TABLE content_items;

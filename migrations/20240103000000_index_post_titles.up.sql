-- Title searches (every database).
CREATE INDEX posts_title_index ON posts (title);

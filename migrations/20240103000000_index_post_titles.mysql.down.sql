DROP INDEX posts_title_index ON posts;

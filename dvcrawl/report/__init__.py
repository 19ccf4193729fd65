"""`dvcrawl report`: a static HTML report of what the crawls collected and how they went.

The articles come from the article store; source (the run summaries and rejects, read from a
run output folder), figures (the tables the report shows, computed from them), plots
(matplotlib images of those tables), page (the HTML page that puts them together). The report
is one `index.html` with its PNG images beside it: it opens offline.
"""

"""Read-only queries that shape plain data for pages, documents and the API (one module per
area). They read the database and never write; views and exports call them."""

"""Ex-ante lists other than power items: schemas, versions, Excel import."""

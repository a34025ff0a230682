"""Open data: the datasets (``datasets``), their files (``formats``), the public views
(``views``) and the CSV import of commitments and milestones (``importers``)."""

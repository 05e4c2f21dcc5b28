"""Pages of the permits app, one module per concern: the dashboard, applications (list, create,
read, edit, delete), their lifecycle verbs, timeline entries and documents.

Every view reaches an application through `visible_to` (reads) or `editable_by` (writes) in
permits.views.lookup: anything outside is a 404."""

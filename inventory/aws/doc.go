// Package aws is storewatch's live collector: it reads one or more AWS accounts with
// read-only API calls (List, Describe and Get operations, plus sts:AssumeRole for other
// accounts) into an inventory.Snapshot.
//
// There is one file per AWS service. Each declares the narrow client interface it calls,
// pages through every listing with the SDK's paginators, and records whatever it could not
// read as an inventory.CollectionError on the resource (a detail call that failed) or on
// the snapshot (a listing that failed): a resource is never dropped because a detail of it
// could not be read, and a missing fact is never mistaken for a negative one.
//
// Only the operations the enabled rules need are called: rules declare them in their
// metadata (custom.requires), Plan turns them into collection steps, and every step
// names the operations it calls, which is also how the least-privilege IAM policy is
// generated.
package aws

package cas

import (
	"context"
	"fmt"
)

// Paging bounds. PageSize is the documented default page size of the paged
// operations. MaxPages stops a listing whose Total keeps moving ahead of it
// (or a service that never sends an empty page) from running forever: 1000
// pages of 50 is far beyond any account seen.
const (
	PageSize = 50
	MaxPages = 1000
)

// page is one page of a paged operation: its items, the Total it reported
// (nil when the answer had none) and its RequestId.
type page[T any] struct {
	items     []T
	total     *Int64
	requestID string
}

// walkPages fetches pages 1, 2, ... and returns every item once, in the
// order the service gave them, and how many pages it read. It stops at an
// empty page, or when it holds as many distinct items as the latest Total
// says exist (Total may change between pages as jobs are created or deleted
// meanwhile), and fails after MaxPages. An item shifted onto the next page by
// a newly created one would come twice; key names items so that it does not.
func walkPages[T any](ctx context.Context, action string, fetch func(ctx context.Context, number int) (page[T], error), key func(T) int64) ([]T, int, error) {
	items := []T{}
	seen := map[int64]bool{}
	var last page[T]
	for number := 1; number <= MaxPages; number++ {
		p, err := fetch(ctx, number)
		last = p
		if err != nil {
			return nil, number, err
		}
		if len(p.items) == 0 {
			return items, number, nil
		}
		for _, it := range p.items {
			if k := key(it); !seen[k] {
				seen[k] = true
				items = append(items, it)
			}
		}
		if p.total != nil && int64(len(items)) >= int64(*p.total) {
			return items, number, nil
		}
	}
	return nil, MaxPages, &ResponseError{Action: action, StatusCode: 200, RequestID: last.requestID,
		Reason: fmt.Sprintf("the listing did not end within %d pages of %d (%d distinct items, last Total %s): Total keeps moving "+
			"ahead or no page comes back empty. Stopped so that it cannot run forever; narrow the listing with filters",
			MaxPages, PageSize, len(items), totalText(last.total))}
}

func totalText(total *Int64) string {
	if total == nil {
		return "not sent"
	}
	return fmt.Sprint(int64(*total))
}

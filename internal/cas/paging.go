package cas

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
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
func walkPages[T any, K comparable](ctx context.Context, action string, fetch func(ctx context.Context, number int) (page[T], error), key func(T) K) ([]T, int, error) {
	items := []T{}
	pages, err := walk(ctx, action, fetch, key, func(it T) bool {
		items = append(items, it)
		return true
	})
	if err != nil {
		return nil, pages, err
	}
	return items, pages, nil
}

// walk is walkPages handing each item to yield as its page comes, so that
// a caller streaming them holds one page at a time. It stops early, without
// error, when yield returns false.
func walk[T any, K comparable](ctx context.Context, action string, fetch func(ctx context.Context, number int) (page[T], error), key func(T) K, yield func(T) bool) (int, error) {
	seen := map[K]bool{}
	var last page[T]
	for number := 1; number <= MaxPages; number++ {
		p, err := fetch(ctx, number)
		last = p
		if err != nil {
			return number, err
		}
		if len(p.items) == 0 {
			return number, nil
		}
		for _, it := range p.items {
			if k := key(it); !seen[k] {
				seen[k] = true
				if !yield(it) {
					return number, nil
				}
			}
		}
		if p.total != nil && int64(len(seen)) >= int64(*p.total) {
			return number, nil
		}
	}
	return MaxPages, &ResponseError{Action: action, StatusCode: 200, RequestID: last.requestID,
		Reason: fmt.Sprintf("the listing did not end within %d pages of %d (%d distinct items, last Total %s): Total keeps moving "+
			"ahead or no page comes back empty. Stopped so that it cannot run forever; narrow the listing with filters",
			MaxPages, PageSize, len(seen), totalText(last.total))}
}

func totalText(total *Int64) string {
	if total == nil {
		return "not sent"
	}
	return fmt.Sprint(int64(*total))
}

// listing is one paged operation: its filters, the field its items come in
// and the ID each item is known by: a number (id), or text (textID: an
// instance's).
type listing[T any] struct {
	action string
	query  map[string]string // filters; CurrentPage and ShowSize are added
	items  string            // "Data", "ContactList", "CertificateOrderList", "CloudAccessList", "InstanceList"
	idName string            // the ID's field: "Id", "ContactId", ...
	id     func(T) *Int64
	textID func(T) *String
}

// key is the item's ID as text; ok is false when the item has none.
func (l listing[T]) key(it T) (string, bool) {
	if l.textID != nil {
		id := l.textID(it)
		return id.Value(), id != nil
	}
	id := l.id(it)
	return strconv.FormatInt(id.Value(), 10), id != nil
}

// pageBody is a page of any paged operation. They name their list and
// their total differently; each sends one of each.
type pageBody struct {
	envelope
	Data                 json.RawMessage `json:"Data"`
	ContactList          json.RawMessage `json:"ContactList"`
	CertificateOrderList json.RawMessage `json:"CertificateOrderList"`
	CloudAccessList      json.RawMessage `json:"CloudAccessList"`
	InstanceList         json.RawMessage `json:"InstanceList"`
	Total                *Int64          `json:"Total"`
	TotalCount           *Int64          `json:"TotalCount"`
}

func (b *pageBody) field(name string) json.RawMessage {
	switch name {
	case "ContactList":
		return b.ContactList
	case "CertificateOrderList":
		return b.CertificateOrderList
	case "CloudAccessList":
		return b.CloudAccessList
	case "InstanceList":
		return b.InstanceList
	}
	return b.Data
}

// listAll returns every item of a paged operation, each once (walkPages),
// and how many pages it read.
func listAll[T any](ctx context.Context, c *Client, l listing[T]) ([]T, int, error) {
	return walkPages(ctx, l.action, l.fetcher(c), l.itemKey)
}

// streamAll is listAll handing each item to yield as its page comes.
func streamAll[T any](ctx context.Context, c *Client, l listing[T], yield func(T) bool) error {
	_, err := walk(ctx, l.action, l.fetcher(c), l.itemKey, yield)
	return err
}

func (l listing[T]) itemKey(it T) string {
	k, _ := l.key(it) // every item of a page has its ID (fetcher)
	return k
}

// fetcher reads page number of the listing.
func (l listing[T]) fetcher(c *Client) func(ctx context.Context, number int) (page[T], error) {
	return func(ctx context.Context, number int) (page[T], error) {
		query := map[string]string{"CurrentPage": strconv.Itoa(number), "ShowSize": strconv.Itoa(PageSize)}
		for k, v := range l.query {
			if v != "" {
				query[k] = v
			}
		}
		var body pageBody
		raw, err := c.call(ctx, l.action, request{query: query}, &body)
		if err != nil {
			return page[T]{}, err
		}
		items, err := decodeList[T](l.action, raw, l.items, body.field(l.items), body.RequestID)
		if err != nil {
			return page[T]{}, err
		}
		for i, it := range items {
			// An item without its ID cannot be told apart or read further.
			if _, ok := l.key(it); !ok {
				return page[T]{}, &ResponseError{Action: l.action, StatusCode: raw.status, RequestID: string(body.RequestID),
					Reason: fmt.Sprintf("%s[%d] has no %s (page %d)", l.items, i, l.idName, number)}
			}
		}
		total := body.Total
		if total == nil {
			total = body.TotalCount
		}
		return page[T]{items: items, total: total, requestID: string(body.RequestID)}, nil
	}
}

package cas

import (
	"context"
	"encoding/json"
	"strconv"
)

// listBody is the answer of a list operation: its items in Data. Operations
// whose answer carries more (ListDeploymentJob's Total) embed it.
type listBody struct {
	envelope
	Data json.RawMessage `json:"Data"`
}

func (b *listBody) list() *listBody { return b }

type listResponse interface {
	responseBody
	list() *listBody
}

// callList calls a list operation, fills out with its answer and decodes the
// items in Data.
func callList[T any](ctx context.Context, c *Client, action string, query map[string]string, out listResponse) ([]T, rawResponse, error) {
	raw, err := c.call(ctx, action, request{query: query}, out)
	if err != nil {
		return nil, raw, err
	}
	b := out.list()
	items, err := decodeList[T](action, raw, "Data", b.Data, b.RequestID)
	return items, raw, err
}

// listOfJob calls one of the operations that list something of one
// deployment job (JobId in, Data out) and returns the items.
func listOfJob[T any](ctx context.Context, c *Client, action string, jobID int64) ([]T, error) {
	var body listBody
	items, _, err := callList[T](ctx, c, action, map[string]string{"JobId": strconv.FormatInt(jobID, 10)}, &body)
	return items, err
}

package emulator

import (
	"net/http"
	"strconv"
)

// Paging of the list operations: CurrentPage (from 1) and ShowSize.

// The documented defaults (ListContact's is undocumented: its answer's doc says 20).
const (
	defaultCurrentPage         = 1
	defaultJobShowSize         = 50 // ListDeploymentJob
	defaultWorkerShowSize      = 50 // ListWorkerResource
	defaultCertificateShowSize = 50 // ListUserCertificateOrder
	defaultResourceShowSize    = 20 // ListCloudResources
	defaultContactShowSize     = 20 // ListContact
	defaultCloudAccessShowSize = 20 // ListCloudAccess (10, 20 or 50; the default is undocumented)
)

// pageAnswer is one page of a list answered with Total (jobs, workers, resources).
type pageAnswer[T any] struct {
	CurrentPage int    `json:"CurrentPage"`
	ShowSize    int    `json:"ShowSize"`
	Total       int    `json:"Total"`
	Data        []T    `json:"Data"`
	RequestID   string `json:"RequestId"`
}

// paging reads CurrentPage and ShowSize, with the operation's default size.
func (c *call) paging(defaultSize int) (page, size int, err error) {
	if page, err = c.optionalPositiveInt("CurrentPage", defaultCurrentPage); err != nil {
		return 0, 0, err
	}
	size, err = c.optionalPositiveInt("ShowSize", defaultSize)
	return page, size, err
}

// pageOf is the page-th slice of size items, empty past the end.
func pageOf[T any](items []T, page, size int) []T {
	if page-1 > len(items)/size {
		return items[:0]
	}
	from := min((page-1)*size, len(items))
	end := len(items)
	if size < end-from {
		end = from + size
	}
	return items[from:end]
}

// optionalPositiveInt reads a paging parameter, def when absent.
func (c *call) optionalPositiveInt(name string, def int) (int, error) {
	v := c.params.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, errorf(http.StatusBadRequest, "InvalidParameter", "The parameter %s is invalid: %q is not a positive integer.", name, v)
	}
	return n, nil
}

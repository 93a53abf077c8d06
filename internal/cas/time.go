package cas

import "time"

// secondsCutoff separates the two units CAS uses for timestamps: its docs say
// seconds, its answers carry milliseconds. 1e11 seconds is the year 5138 and
// 1e11 milliseconds is 1973, so anything below is read as seconds.
const secondsCutoff = 100_000_000_000

// Instant turns a CAS timestamp, milliseconds or seconds, into a UTC time.
func Instant(raw int64) time.Time {
	if raw > -secondsCutoff && raw < secondsCutoff {
		return time.Unix(raw, 0).UTC()
	}
	return time.UnixMilli(raw).UTC()
}

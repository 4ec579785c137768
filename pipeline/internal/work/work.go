// Package work runs a stage's independent jobs on a few goroutines.
package work

import (
	"context"
	"sync"
	"sync/atomic"
)

// Parallel runs fn(0…n-1) on up to workers goroutines.
func Parallel(ctx context.Context, n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

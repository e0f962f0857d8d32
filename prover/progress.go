package prover

import (
	"context"
	"log/slog"
	"time"
)

// Progress logs a long step every 10 s with elapsed time and an ETA from estimate, until the returned func is
// called; then it logs the total.
func Progress(ctx context.Context, log *slog.Logger, step string, estimate time.Duration) (done func()) {
	start := time.Now()
	stop := make(chan struct{})
	finished := make(chan struct{})
	log.Info(step+": started", "estimate", estimate.Round(time.Second))
	go func() {
		defer close(finished)
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				el := time.Since(start)
				eta := estimate - el
				if eta < 0 {
					eta = 0
				}
				pct := 100.0
				if estimate > 0 {
					pct = min(99, 100*el.Seconds()/estimate.Seconds())
				}
				log.Info(step+": running", "elapsed", el.Round(time.Second), "eta", eta.Round(time.Second),
					"progress", int(pct))
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
		log.Info(step+": done", "elapsed", time.Since(start).Round(time.Millisecond))
	}
}

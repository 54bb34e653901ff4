package schedule

// placeBreaks moves each break of each shift, one at a time, to the place
// in its window that leaves the least under-coverage and then the flattest
// surplus, so that breaks are staggered where coverage can best spare them.
// Breaks stay in their order without overlapping. Two passes over every
// break run in O(breaks x positions x shift length).
func (st *state) placeBreaks() {
	for pass := 0; pass < 2; pass++ {
		moved := false
		for _, t := range st.tours {
			tm := &st.p.tmpls[t.tmpl]
			nb := len(tm.breaks)
			if nb == 0 {
				continue
			}
			for j := 0; j < 7; j++ {
				if t.mask&(1<<j) == 0 {
					continue
				}
				for b, bk := range tm.breaks {
					lo, hi := bk.from, min(bk.to, tm.span-bk.length)
					if b > 0 {
						lo = max(lo, int(t.brk[j*nb+b-1])+tm.breaks[b-1].length)
					}
					if b+1 < nb {
						hi = min(hi, int(t.brk[j*nb+b+1])-bk.length)
					}
					cur := int(t.brk[j*nb+b])
					st.applyDay(t, j, -1)
					var best score
					at := cur
					for off := lo; off <= hi; off += st.p.bstep {
						t.brk[j*nb+b] = int32(off)
						st.applyDay(t, j, 1)
						sc := st.score()
						st.applyDay(t, j, -1)
						if off == lo || sc.less(best, 1) {
							best, at = sc, off
						}
					}
					// keep the current place unless another is strictly better
					t.brk[j*nb+b] = int32(cur)
					st.applyDay(t, j, 1)
					if curSc := st.score(); best.less(curSc, 1) {
						st.applyDay(t, j, -1)
						t.brk[j*nb+b] = int32(at)
						st.applyDay(t, j, 1)
						moved = true
					}
				}
			}
		}
		if !moved {
			return
		}
	}
}

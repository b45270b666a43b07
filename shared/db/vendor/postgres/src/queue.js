export default Queue

function Queue(initial = []) {
  let xs = initial.slice()
  let index = 0

  // MARQUEE PATCH: the slots `shift` empties are given back (see ../PATCHES.md). Upstream
  // reset the array only when `shift` took its last item, so a queue that never ran dry that
  // way (the pool's `busy` queue under steady load) kept one empty slot per item ever taken,
  // and `remove` scanned them all.
  const reclaim = () => {
    if (index === xs.length) {
      index = 0
      xs = []
    } else if (index > 32 && index * 2 > xs.length) {
      xs = xs.slice(index)
      index = 0
    }
  }

  return {
    get length() {
      return xs.length - index
    },
    /** Slots held, taken ones included; for tests. */
    get allocated() {
      return xs.length
    },
    remove: (x) => {
      const at = xs.indexOf(x, index)
      if (at === -1)
        return null
      xs.splice(at, 1)
      reclaim()
      return x
    },
    push: (x) => (xs.push(x), x),
    shift: () => {
      const out = xs[index++]
      xs[index - 1] = undefined
      reclaim()
      return out
    }
  }
}

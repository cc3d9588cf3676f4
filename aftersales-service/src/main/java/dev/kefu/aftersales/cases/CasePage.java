package dev.kefu.aftersales.cases;

import java.util.List;

/** A page of a case list; {@code next} is the cursor of the page after it, null on the last. */
record CasePage(List<Case.Snapshot> items, String next) {
}

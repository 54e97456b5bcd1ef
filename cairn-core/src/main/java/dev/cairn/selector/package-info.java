/**
 * Event selectors: which events a trail delivers. Basic selectors choose management events by read/write
 * type and data events by resource; advanced selectors combine field conditions. Start at {@link
 * dev.cairn.selector.TrailSelectors}.
 */
@NullMarked
package dev.cairn.selector;

import org.jspecify.annotations.NullMarked;

package dev.cairn.selector;

/**
 * The event selectors of one trail: either basic or advanced, never both. Putting one kind replaces the
 * other.
 */
public sealed interface TrailSelectors permits BasicSelectors, AdvancedSelectors {}

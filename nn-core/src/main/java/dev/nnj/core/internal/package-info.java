/**
 * Not API: small pieces that nnj's own modules share (nn-data, nn-simd), so that each exists once.
 * The module exports this package only to those modules; on the class path it is visible but may
 * change in any release.
 */
package dev.nnj.core.internal;

/**
 * Runnable examples, one per problem in the guide, and {@link dev.nnj.examples.Main}, the
 * command-line entry that runs them by name.
 */
package dev.nnj.examples;

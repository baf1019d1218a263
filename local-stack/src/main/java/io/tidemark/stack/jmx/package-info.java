/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
/** Reading the JMX metrics of a running worker JVM, as an operator does with jconsole or jmxterm. */
package io.tidemark.stack.jmx;

/** Bridge into libjitsi's G.729 decoder package (see SrsG729Bridge). */
package org.jitsi.impl.neomedia.codec.audio.g729;

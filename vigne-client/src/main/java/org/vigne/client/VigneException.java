package org.vigne.client;

/**
 * An access the node refused or could not do, with the node's one-line reason. {@link #status()}
 * is the HTTP status of the control API (404 unknown application, 409 not running on this node,
 * 410 application ended, 413 value over the bound, 503 busy or restarted, 504 timed out), or 0
 * when the node could not be reached at all.
 */
public class VigneException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public VigneException(int status, String message) {
        super(message);
        this.status = status;
    }

    public VigneException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The control API's HTTP status, or 0 when the node could not be reached. */
    public int status() {
        return status;
    }

    /** True when the application has ended (410): its objects are gone and no retry helps. */
    public boolean applicationEnded() {
        return status == 410;
    }
}

package alf.environments.box2d;

import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.contacts.Contact;

/**
 * The reference's {@code ContactDetector}: any contact of the main body (lander, hull) with the ground ends the
 * episode as a crash, and each watched foot (leg) reports whether it touches the ground. Every body of these tasks
 * collides only with the ground, so any contact is a ground contact.
 */
final class GroundContacts implements ContactListener {

    private final Body body;
    private final Body[] feet;
    private final boolean[] touching;
    private boolean crashed;

    /** Watches {@code body} for crashes and {@code feet} for ground contact. */
    GroundContacts(Body body, Body... feet) {
        this.body = body;
        this.feet = feet.clone();
        this.touching = new boolean[feet.length];
    }

    /** Whether the main body has touched the ground since the episode began. */
    boolean crashed() {
        return crashed;
    }

    /** Whether foot {@code i} touches the ground now. */
    boolean touching(int i) {
        return touching[i];
    }

    @Override
    public void beginContact(Contact contact) {
        Body a = contact.getFixtureA().getBody();
        Body b = contact.getFixtureB().getBody();
        if (a == body || b == body) {
            crashed = true;
        }
        mark(a, b, true);
    }

    @Override
    public void endContact(Contact contact) {
        mark(contact.getFixtureA().getBody(), contact.getFixtureB().getBody(), false);
    }

    private void mark(Body a, Body b, boolean value) {
        for (int i = 0; i < feet.length; i++) {
            if (a == feet[i] || b == feet[i]) {
                touching[i] = value;
            }
        }
    }

    @Override
    public void preSolve(Contact contact, Manifold oldManifold) {
    }

    @Override
    public void postSolve(Contact contact, ContactImpulse impulse) {
    }
}

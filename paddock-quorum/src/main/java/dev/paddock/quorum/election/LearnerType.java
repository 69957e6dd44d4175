package dev.paddock.quorum.election;

/** Whether a server votes ({@code server.N=...:participant}, the default) or only learns ({@code :observer}). */
public enum LearnerType {
    PARTICIPANT,
    OBSERVER
}

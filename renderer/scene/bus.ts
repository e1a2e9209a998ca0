/**
 * The one channel between Phaser scenes and React. Scenes never import React or the API: they
 * draw what they are given and emit typed events here; React listens and sends intents.
 */

/** Events scenes emit, with their payloads. */
export interface SceneEvents {
  'stage:ready': { width: number; height: number; renderer: 'webgl' | 'canvas' };
  'stage:frame': { fps: number };
  'stage:shown': { sceneId: string };
}

type Listener<E extends keyof SceneEvents> = (payload: SceneEvents[E]) => void;

/** A small typed emitter; one instance per game, owned by the bridge component. */
export class SceneBus {
  private readonly listeners = new Map<keyof SceneEvents, Set<(payload: never) => void>>();

  on<E extends keyof SceneEvents>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends keyof SceneEvents>(event: E, payload: SceneEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as Listener<E>)(payload);
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

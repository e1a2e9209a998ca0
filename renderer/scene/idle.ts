/**
 * Drawing only when something changes. A still scene keeps no loop running: once nothing has
 * moved for a quarter of a second (no tween, no held work such as a fade or a texture load), the
 * game loop is put to sleep, and the next change wakes it. Classroom machines often render WebGL
 * in software, where a loop redrawing a still canvas keeps the renderer's main thread fully busy.
 */
import * as Phaser from 'phaser';

/** The user asks the system for less motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** WebGL drawn by the CPU (SwiftShader, llvmpipe...), or no WebGL at all. */
export function softwareRendering(game: Phaser.Game): boolean {
  if (game.renderer.type !== Phaser.WEBGL) return true;
  const gl = (game.renderer as Phaser.Renderer.WebGL.WebGLRenderer).gl;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(
    info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}

/** Decorative, endless motion is welcome: no reduced-motion request and a real GPU. */
export function ambientMotion(game: Phaser.Game): boolean {
  return !prefersReducedMotion() && !softwareRendering(game);
}

export class IdleLoop {
  private busy = 0;
  /** When the scene last changed, on the loop's clock; -1 until the next frame after a wake. */
  private idleSince = -1;

  constructor(private readonly scene: Phaser.Scene) {
    // The scale manager notices a new size only while the loop runs: wake it when the canvas'
    // box changes (window resized, panels opened or closed).
    const box = scene.game.canvas.parentElement;
    if (box && typeof ResizeObserver === 'function') {
      const observer = new ResizeObserver(() => this.wake());
      observer.observe(box);
      scene.events.once(Phaser.Scenes.Events.SHUTDOWN, () => observer.disconnect());
      scene.events.once(Phaser.Scenes.Events.DESTROY, () => observer.disconnect());
    }
  }

  /** Call from the scene's `update`: sleeps the loop once the scene has been still a while. */
  tick(time: number): void {
    const still = this.busy === 0 && this.scene.tweens.getTweens().length === 0;
    if (!still || this.idleSince < 0) {
      this.idleSince = time;
    } else if (time - this.idleSince > 250) {
      this.scene.game.loop.sleep();
    }
  }

  /** Wakes the loop for something to draw; it sleeps again once the scene is still. */
  wake(): void {
    // The quarter second counts from the next frame: the loop's clock stood still while asleep.
    this.idleSince = -1;
    if (!this.scene.game.loop.running) this.scene.game.loop.wake();
  }

  /** Keeps the loop awake until the returned function is called (once). */
  hold(): () => void {
    this.busy += 1;
    this.wake();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy -= 1;
      this.wake();
    };
  }
}
